import BylineReport
import Foundation
import Testing

@Suite struct WilsonIntervalTests {
    @Test(arguments: [
        (8, 10, "0.8000", "0.4902", "0.9433"),
        (0, 10, "0.0000", "0.0000", "0.2775"),
        (10, 10, "1.0000", "0.7225", "1.0000"),
        (1, 2, "0.5000", "0.0945", "0.9055"),
    ])
    func bounds_at_95_percent(successes: Int, trials: Int, rate: String, low: String, high: String) throws {
        let interval = try #require(WilsonInterval(successes: successes, trials: trials))
        #expect([interval.rate, interval.low, interval.high].map(ReportFormat.rate) == [rate, low, high])
    }

    @Test func no_trials_no_interval() {
        #expect(WilsonInterval(successes: 0, trials: 0) == nil)
    }
}
