import Testing
import BylineFacts

@Suite struct SentenceSplitterTests {
    @Test(arguments: [
        ("The U.S. said Dr. Smith left at 3.5 p.m. on Jan. 5. Then he flew home.",
         ["The U.S. said Dr. Smith left at 3.5 p.m. on Jan. 5.", "Then he flew home."]),
        ("J. K. Rowling wrote it. It sold 10.5 million copies.",
         ["J. K. Rowling wrote it.", "It sold 10.5 million copies."]),
        ("The family moved to the U.S. The father found work in St. Louis.",
         ["The family moved to the U.S.", "The father found work in St. Louis."]),
        ("He said: \"We are done.\" Then he left the room!",
         ["He said: \"We are done.\"", "Then he left the room!"]),
        ("What happened? Nobody knows... yet. Mr. Jones is silent.",
         ["What happened?", "Nobody knows... yet.", "Mr. Jones is silent."]),
        ("First line without a stop\nSecond line.", ["First line without a stop", "Second line."]),
        ("Gov. Newsom and Sen. Padilla met Gen. Milley at No. 10.", ["Gov. Newsom and Sen. Padilla met Gen. Milley at No. 10."]),
        ("  ", []),
    ])
    func splits_hard_cases(text: String, expected: [String]) {
        #expect(SentenceSplitter.sentences(in: text) == expected)
    }
}
