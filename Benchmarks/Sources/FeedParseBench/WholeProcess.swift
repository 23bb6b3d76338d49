import Foundation

/// Whole-process parse speed: each parser started as its own process over every `.xml` file of
/// a corpus, as a user runs it, start-up and reading the files included.
///
/// `FeedParseBench process BYLINE [--port OLD_BYLINE] [--python PYTHON] [--runs N] [CORPUS]`
/// runs, N times (default 5) in turn and in a rotating order, `BYLINE parse --format none
/// FILE...`, and the same files through feedparser-rs 0.7.1 and feedparser 6.0.14 (PyPI, in
/// `PYTHON`, by default `python3`: `m.parse(bytes)` per file, entries counted). With `--port`,
/// also `parse --format feedparser FILE...` of BYLINE and of OLD_BYLINE (output thrown away).
/// Prints each command's median wall seconds (min-max), median CPU seconds (user + sys, from
/// `RUSAGE_CHILDREN`), MB/s on the median, and each peer's wall time over Byline's run by run
/// (median, min-max): the ratios hold when the machine's speed drifts between runs.
enum WholeProcess {
    struct Command {
        let name: String
        let arguments: [String]
    }

    struct Sample {
        let wall: Double
        let cpu: Double
    }

    /// The Python program that parses every file named on its command line with `module`.
    static func pythonProgram(_ module: String) -> String {
        """
        import sys, \(module) as m
        n = 0
        for p in sys.argv[1:]:
            with open(p, 'rb') as f:
                n += len(m.parse(f.read()).entries)
        print(n)
        """
    }

    /// User + system CPU seconds of the reaped children so far.
    static func childCPU() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Runs `command` once with its output thrown away; nil when it could not start or failed.
    static func runOnce(_ command: Command) -> Sample? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command.arguments
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        let cpuBefore = childCPU()
        let clock = ContinuousClock()
        let start = clock.now
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        let elapsed = start.duration(to: clock.now)
        guard process.terminationStatus == 0 else { return nil }
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Sample(wall: wall, cpu: childCPU() - cpuBefore)
    }

    /// What `command` prints, for the versions and entry counts shown above the table.
    static func output(_ arguments: [String]) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        guard (try? process.run()) != nil else { return "(did not start)" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func main(_ arguments: [String], files: (String) -> [String]) {
        var byline: String?
        var port: String?
        var python = "python3"
        var runs = 5
        var corpus = "../shared/corpus/headlines-2021-09"
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--port" where i + 1 < arguments.count: port = arguments[i + 1]; i += 2
            case "--python" where i + 1 < arguments.count: python = arguments[i + 1]; i += 2
            case "--runs" where i + 1 < arguments.count: runs = max(1, Int(arguments[i + 1]) ?? 5); i += 2
            default:
                if byline == nil { byline = arguments[i] } else { corpus = arguments[i] }
                i += 1
            }
        }
        guard let byline else {
            print("usage: FeedParseBench process BYLINE [--port OLD_BYLINE] [--python PYTHON] [--runs N] [CORPUS]")
            exit(2)
        }
        let paths = files(corpus)
        let megabytes = Double(paths.reduce(0) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }) / 1_000_000
        let reference = "Byline parse --format none"
        var commands = [
            Command(name: reference, arguments: [byline, "parse", "--format", "none"] + paths),
            Command(name: "feedparser-rs", arguments: [python, "-c", pythonProgram("feedparser_rs")] + paths),
            Command(name: "feedparser", arguments: [python, "-c", pythonProgram("feedparser")] + paths),
        ]
        if let port {
            commands.append(Command(name: "Byline parse --format feedparser", arguments: [byline, "parse", "--format", "feedparser"] + paths))
            commands.append(Command(name: "port parse --format feedparser", arguments: [port, "parse", "--format", "feedparser"] + paths))
        }
        print(String(format: "corpus: %@, %d files, %.1f MB; %d runs of each command, in turn", corpus, paths.count, megabytes, runs))
        print("byline: " + output([byline, "parse", "--format", "none"] + paths))
        print("peers: " + output([python, "-c", "import feedparser, feedparser_rs; print('feedparser', feedparser.__version__, 'feedparser-rs', feedparser_rs.__version__)"]))
        for module in ["feedparser_rs", "feedparser"] {
            print("\(module) entries: " + output([python, "-c", pythonProgram(module)] + paths))
        }
        var samples = Array(repeating: [Sample](), count: commands.count)
        for run in 0..<runs {
            for k in 0..<commands.count {
                let index = (k + run) % commands.count
                guard let sample = runOnce(commands[index]) else {
                    print("\(commands[index].name) failed to run")
                    exit(1)
                }
                samples[index].append(sample)
            }
        }
        print("command                              wall s median (min-max)    cpu s median    MB/s")
        for (command, list) in zip(commands, samples) {
            let walls = list.map(\.wall)
            let wall = median(walls)
            let name = command.name.padding(toLength: 36, withPad: " ", startingAt: 0)
            print(name + String(format: " %7.2f (%.2f-%.2f)  %13.2f  %8.1f", wall, walls.min()!, walls.max()!,
                                median(list.map(\.cpu)), megabytes / wall))
        }
        func ratios(_ over: Int, _ under: Int) -> String {
            let r = zip(samples[over], samples[under]).map { $0.wall / $1.wall }
            return String(format: "%.2fx (%.2f-%.2f)", median(r), r.min()!, r.max()!)
        }
        print("wall time over Byline's, run by run: median (min-max)")
        for index in 1..<3 { print("  \(commands[index].name) / \(reference): " + ratios(index, 0)) }
        if port != nil {
            print("  port parse --format feedparser / Byline parse --format feedparser: " + ratios(4, 3))
        }
    }
}
