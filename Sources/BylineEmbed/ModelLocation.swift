import Foundation

/// Where Byline looks for the sentence-embedding model directory
/// (the folder holding `tokenizer.json` and `model.safetensors`).
public enum ModelLocation {
    /// Environment variable that names the model directory: `BYLINE_MODEL`.
    public static let environmentVariable = "BYLINE_MODEL"

    /// Folder name of the model under `…/byline/models/`.
    public static let modelName = "all-MiniLM-L6-v2"

    /// Resolves the model directory.
    ///
    /// Order of precedence:
    /// 1. `explicit` (for example the value of a `--model` option), if non-empty;
    /// 2. `$BYLINE_MODEL`, if set and non-empty;
    /// 3. ``defaultDirectory(environment:)``, but only if that directory exists.
    ///
    /// An explicit path or the environment variable is returned even if it does
    /// not exist, so that loading reports ``EmbeddingError/modelNotFound(path:)``
    /// for the path the user asked for. A leading `~/` is expanded with `$HOME`.
    ///
    /// - Parameters:
    ///   - explicit: a path given on the command line, or `nil`.
    ///   - environment: the process environment, usually
    ///     `ProcessInfo.processInfo.environment`.
    /// - Returns: the directory URL, or `nil` when nothing was given and the
    ///   default directory does not exist.
    public static func resolve(explicit: String?, environment: [String: String]) -> URL? {
        if let explicit, !explicit.isEmpty {
            return directoryURL(expanding: explicit, environment: environment)
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return directoryURL(expanding: fromEnvironment, environment: environment)
        }
        let fallback = defaultDirectory(environment: environment)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: fallback.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return fallback
        }
        return nil
    }

    /// The default model directory:
    /// `${XDG_DATA_HOME:-$HOME/.local/share}/byline/models/all-MiniLM-L6-v2`.
    ///
    /// An empty or relative `XDG_DATA_HOME` is ignored, as the XDG base
    /// directory specification requires. If `HOME` is unset too, the user's
    /// home directory as reported by Foundation is used.
    public static func defaultDirectory(environment: [String: String]) -> URL {
        let dataHome: URL
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = URL(fileURLWithPath: xdg, isDirectory: true)
        } else {
            dataHome = homeDirectory(environment: environment)
                .appendingPathComponent(".local", isDirectory: true)
                .appendingPathComponent("share", isDirectory: true)
        }
        return dataHome
            .appendingPathComponent("byline", isDirectory: true)
            .appendingPathComponent("models", isDirectory: true)
            .appendingPathComponent(modelName, isDirectory: true)
    }

    private static func homeDirectory(environment: [String: String]) -> URL {
        if let home = environment["HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home, isDirectory: true)
        }
        return FileManager.default.homeDirectoryForCurrentUser
    }

    private static func directoryURL(expanding path: String, environment: [String: String]) -> URL {
        if path == "~" {
            return homeDirectory(environment: environment)
        }
        if path.hasPrefix("~/") {
            return homeDirectory(environment: environment)
                .appendingPathComponent(String(path.dropFirst(2)), isDirectory: true)
        }
        return URL(fileURLWithPath: path, isDirectory: true)
    }
}
