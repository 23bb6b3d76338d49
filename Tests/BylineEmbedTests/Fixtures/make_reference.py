#!/usr/bin/env python3
"""Generates reference.json: token ids and sentence embeddings from the
reference implementation (sentence-transformers + Hugging Face tokenizers)
for the texts below.

Usage:  python make_reference.py MODEL_DIR [OUTPUT]
        (MODEL_DIR holds the all-MiniLM-L6-v2 files; OUTPUT defaults to
        reference.json next to this script)

        python make_reference.py MODEL_DIR --sweep FILE
        writes, for every Unicode scalar c (no surrogates), a line
        "<hex> <ids of 'a' + c + 'b' without [CLS]/[SEP]>" for the optional
        UnicodeSweepTests (set BYLINE_TOKENIZER_SWEEP=FILE).

Needs: pip install sentence-transformers
"""
import json
import os
import sys

from sentence_transformers import SentenceTransformer

MAX_SEQ_LENGTH = 128

# 41 headlines from the feed corpus (headlines-2021-09, RSS <title>), 7
# real-world style titles with CJK, Hangul, emoji (incl. flags and ZWJ
# sequences), Filipino and Maori text, and 2 corpus title+summary texts
# (<title> + newline + <description>) longer than 128 tokens.
TEXTS = [
    'Effort to recall L.A. County D.A. George Gascón fizzles out, but a retry is coming',
    "Search for Gabby Petito's fiancé Brian Laundrie focuses on Florida nature reserve",
    "Auckland light rail: Trackless trams, rapid buses 'not right' for CBD to Māngere route",
    'Pākehā granted name suppression three times as often as Māori',
    'Netflix eyes top Emmy for ‘The Crown’ as ‘Ted Lasso’ scores wins',
    'Living with Alzheimer’s: China’s health time bomb',
    '‘Deep and grave concerns’: French should have seen sub decision coming, PM says',
    "Giant Forest's towering sequoias — including General Sherman — avoid flames another day",
    "Judith Miller: Biden double crosses France – president's errors have allies questioning his competence",
    "Covid-19: Moving Auckland to alert level 3 a 'calculated risk' – experts",
    'Enrollment in K-12 surpasses pre-pandemic level â€” DepEd',
    'Solon files House bill seeking to abolish DBMâ€™s procurement service',
    'Waikato should go to level 4, says M&#257;ori health expert group',
    'Western Michigan stuns Pittsburgh 44-41',
    'French attack Boris Johnson after losing £30bn subs deal to AUKUS pact',
    'MIQ squeeze: Why are 18,500 hotel rooms going unused?',
    'Jollibee extends 10% discount for vaccinated diners',
    'Beto O’Rourke Draws Closer to Entering Texas Governor’s Race',
    "Australia's Fraser Island officially restored to Aboriginal name K'Gari",
    'Victims of Dixie fire sue PG&E, whose equipment is suspected of sparking the massive blaze',
    'Greymouth floodwalls – who should pay ?',
    "Asean power grid — option for S'pore to source green energy",
    'Manny Pacquiao says he will run for Philippine presidency in 2022',
    "Biden's UN challenge: Convince allies that he's not Trump",
    'Pimlico Plumbers sold to US firm Neighborly',
    'Still no ayuda given to those in granular lockdowns',
    'In Overwhelmed Del Rio, Texas, Migrants Cross the Border Freely',
    'Messi looks angry at being replaced; Icardi gets late winner',
    '‘Billions paid to Pharmally could feed 1.6 million families’',
    "NHS's diversity tsar is paid £35,000 more than its chief executive",
    'Pictured: Man, 46, whose body was found dumped in London three weeks after he vanished in Reading',
    'US to lift Covid travel ban for vaccinated EU, UK passengers: reports',
    'What are the rules and guidance for face masks and coverings?',
    "Vietnam approves Cuba's Abdala vaccine as Delta variant outbreak continues",
    'Siri, McCormick rally AL West-leading Astros past D-backs',
    'PM rules out more jabs for developing world until boosters done',
    "Why Aukus is unlikely to halt China's assertive foreign policy",
    'Flu jab 2021: Who’s eligible for a free vaccine?',
    'Tabai Matson celebrates win in first game as coach of English rugby champions Harlequins',
    'In-person Emmys return as Netflix eyes TV’s top prize with ‘The Crown’',
    'Times Square swarmed by hundreds protesting COVID vaccine mandate',
    '中国恒大集团债务危机引发全球市场担忧',
    '東京パラリンピック閉幕\u300013日間の熱戦に幕',
    '문재인 대통령, 유엔총회 참석차 뉴욕 도착',
    'Happy 95th birthday, Your Majesty! 👑🎂🎉',
    'All Blacks thrash Argentina 🏉🇳🇿🥳 — fans react 👩\u200d👩\u200d👧',
    'Pacquiao, tatakbong pangulo sa Halalan 2022; DOH: bakuna sa mga bata, sisimulan na',
    'Te Wiki o te Reo Māori: Kia kaha te reo Māori! Ka tīmata te wiki ā te Mane',
    "Democrats' tax plan puts their fragile majority at risk\nBack in July I pointed out that the Democrats' massive $3.5 trillion reconciliation spending plan put their fragile congressional majorities at risk. Since then, and to make matters worse, House Democratic leaders tied passage of this partisan reconciliation spending to the painstakingly negotiated bipartisan infrastructure bill passed by the Senate last month, which now awaits consideration by the House. In other words, the $1.2 trillion infrastructure bill, which is desperately needed and has broad bipartisan support, is being held hostage until the votes are secured to pass the partisan $3.5 trillion reconciliation bill.",
    "Analysis: Biden's self-created image of foreign policy savvy has taken a serious blow\nJoe Biden's self-created image of foreign policy expertise has taken a serious blow. In a single week, the US military admitted to a disastrous air strike that only killed innocent Afghan civilians and Biden himself made an announcement that caused a serious rupture in relations with America's oldest ally. Though neither was intended, both arose from the President's attempts to put his stamp on the globe. The US military needs to do more than apologize for its deadly 'mistake' in Kabul\nOn August 29, a US drone strike killed 10 members of one family in Kabul. That same day, the Pentagon announced that the operation successfully targeted a suicide bomber affiliated with ISIS-K, who had allegedly filled a car with explosives as part of a suspected plan to attack the Hamid Karzai International Airport, where US troops raced to complete their evacuation operation a day before their deadline.",
]


def sweep(model_dir, out):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    scalars = [c for c in range(1, 0x110000) if not 0xD800 <= c <= 0xDFFF]
    with open(out, "w", encoding="ascii") as f:
        for start in range(0, len(scalars), 50000):
            chunk = scalars[start:start + 50000]
            encodings = tokenizer.encode_batch(["a" + chr(c) + "b" for c in chunk], add_special_tokens=False)
            for c, encoding in zip(chunk, encodings):
                f.write("%x %s\n" % (c, " ".join(map(str, encoding.ids))))
    print("wrote %d scalars to %s" % (len(scalars), out))


def main():
    model_dir = sys.argv[1]
    if len(sys.argv) > 3 and sys.argv[2] == "--sweep":
        sweep(model_dir, sys.argv[3])
        return
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
    model = SentenceTransformer(model_dir, device="cpu")
    model.max_seq_length = MAX_SEQ_LENGTH
    vectors = model.encode(TEXTS, normalize_embeddings=True, batch_size=16, convert_to_numpy=True)
    records = []
    for text, vector in zip(TEXTS, vectors):
        # The tokenizer the model's Transformer module uses, with the same cap.
        ids = model.tokenizer(text, truncation=True, max_length=MAX_SEQ_LENGTH)["input_ids"]
        records.append({"text": text, "ids": ids, "vector": [round(float(v), 6) for v in vector]})
    with open(out, "w", encoding="utf-8") as f:
        # One record per line keeps the file reviewable in diffs.
        f.write("[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n")
    print("wrote %d records to %s" % (len(records), out))


if __name__ == "__main__":
    main()
