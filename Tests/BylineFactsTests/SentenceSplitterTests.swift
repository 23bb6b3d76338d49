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

/// Scripts without case: a full stop before an Arabic, Hebrew or CJK letter ends a sentence, and
/// so do the Arabic question mark and the full-width CJK stops (no space after them).
@Suite struct CaselessScriptSentenceTests {
    @Test(arguments: [
        ("قتل ثلاثة أشخاص في الزلزال. وقالت الشرطة إن البحث مستمر.", ["قتل ثلاثة أشخاص في الزلزال.", "وقالت الشرطة إن البحث مستمر."]),
        ("שלושה נהרגו ברעידת האדמה. המשטרה אמרה שהחיפושים נמשכים.", ["שלושה נהרגו ברעידת האדמה.", "המשטרה אמרה שהחיפושים נמשכים."]),
        ("هل انتهى البحث؟ قالت الشرطة لا.", ["هل انتهى البحث؟", "قالت الشرطة لا."]),
        ("地震造成三人死亡。警方表示搜索仍在继续。", ["地震造成三人死亡。", "警方表示搜索仍在继续。"]),
        // A lower-case word after a full stop still does not open a sentence.
        ("The U.S. military said. it was a mistake.", ["The U.S. military said. it was a mistake."]),
    ])
    func split(text: String, sentences: [String]) {
        #expect(SentenceSplitter.sentences(in: text) == sentences)
    }
}
