import GRDB

/// The database schema, as GRDB migrations. Never edit a shipped migration; add a new one.
///
/// Two processes may open a new (or older) database at the same moment. GRDB's migrator reads
/// which migrations are applied before it takes the write lock, then applies each missing one in
/// a transaction of its own (`BEGIN IMMEDIATE`, the identifier inserted in `grdb_migrations` in
/// the same transaction); so both can set out to apply the same migration. Each migration here
/// therefore first checks, inside that transaction (holding SQLite's write lock), that it is not
/// applied yet, and throws ``AppliedMeanwhile`` if it is: the transaction is rolled back having
/// changed nothing, and the opener runs the migrator again, which now reads the other process's
/// migrations as applied (`Store.migrate`).
enum Schema {
    /// A migration found applied once it held the write lock: another process applied it after
    /// this one's migrator read the list of applied migrations.
    struct AppliedMeanwhile: Error {
        let identifier: String
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerOnce("v1") { db in
            try db.execute(sql: """
                CREATE TABLE outlet(
                  id TEXT PRIMARY KEY NOT NULL,
                  name TEXT NOT NULL,
                  homepage TEXT,
                  country TEXT,
                  language TEXT
                );
                CREATE TABLE feed(
                  id INTEGER PRIMARY KEY,
                  outlet_id TEXT NOT NULL REFERENCES outlet(id),
                  url TEXT NOT NULL UNIQUE,
                  etag TEXT,
                  last_modified TEXT,
                  last_status TEXT,
                  last_status_code INTEGER,
                  last_pull_at DATETIME,
                  last_success_at DATETIME,
                  failures INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE pull(
                  id INTEGER PRIMARY KEY,
                  feed_id INTEGER NOT NULL REFERENCES feed(id),
                  at DATETIME NOT NULL,
                  status TEXT NOT NULL CHECK (status IN ('ok', 'not_modified', 'failed')),
                  http_status INTEGER,
                  bytes INTEGER NOT NULL DEFAULT 0,
                  items INTEGER NOT NULL DEFAULT 0,
                  new_items INTEGER NOT NULL DEFAULT 0,
                  new_versions INTEGER NOT NULL DEFAULT 0,
                  error TEXT,
                  source TEXT,
                  elapsed REAL,
                  UNIQUE(feed_id, at)
                );
                CREATE TABLE item(
                  id INTEGER PRIMARY KEY,
                  outlet_id TEXT NOT NULL REFERENCES outlet(id),
                  feed_id INTEGER NOT NULL REFERENCES feed(id),
                  guid TEXT NOT NULL,
                  link TEXT,
                  title TEXT,
                  summary TEXT,
                  content TEXT,
                  authors TEXT,
                  categories TEXT,
                  published DATETIME,
                  updated DATETIME,
                  first_seen DATETIME NOT NULL,
                  last_seen DATETIME NOT NULL,
                  prev_pull DATETIME,
                  first_pull_id INTEGER REFERENCES pull(id),
                  UNIQUE(outlet_id, guid)
                );
                CREATE INDEX item_first_seen ON item(first_seen);
                CREATE TABLE item_version(
                  id INTEGER PRIMARY KEY,
                  item_id INTEGER NOT NULL REFERENCES item(id),
                  hash TEXT NOT NULL,
                  seen_at DATETIME NOT NULL,
                  prev_pull DATETIME,
                  pull_id INTEGER REFERENCES pull(id),
                  title TEXT,
                  summary TEXT,
                  content TEXT,
                  published DATETIME,
                  UNIQUE(item_id, hash)
                );
                CREATE TABLE story(
                  id INTEGER PRIMARY KEY,
                  headline TEXT NOT NULL
                );
                CREATE TABLE story_item(
                  item_id INTEGER PRIMARY KEY REFERENCES item(id),
                  story_id INTEGER NOT NULL REFERENCES story(id)
                );
                CREATE INDEX story_item_story ON story_item(story_id);
                CREATE TABLE analysis_state(
                  key TEXT PRIMARY KEY NOT NULL,
                  value TEXT NOT NULL
                );
                """)
        }
        // Stable story ids: merges of two stories that a later item bridged (the absorbed id lives
        // on as a row of `story`, pointing at the survivor here).
        migrator.registerOnce("v2-stories") { db in
            try db.execute(sql: """
                CREATE TABLE story_merge(
                  story_id INTEGER PRIMARY KEY REFERENCES story(id),
                  into_id INTEGER NOT NULL REFERENCES story(id),
                  item_id INTEGER REFERENCES item(id)
                );
                """)
        }
        // The pull schedule (Store+Schedule.swift): the URL as configured beside the current one
        // (after permanent moves), the next due time, the adapted interval, Retry-After,
        // retirement (410), a pending permanent move and how often it was seen, the last 200;
        // and the redirects of each pull in the pull log.
        migrator.registerOnce("v2-schedule") { db in
            try db.execute(sql: """
                ALTER TABLE feed ADD COLUMN config_url TEXT;
                UPDATE feed SET config_url = url;
                CREATE INDEX feed_config_url ON feed(config_url);
                ALTER TABLE feed ADD COLUMN next_due_at DATETIME;
                ALTER TABLE feed ADD COLUMN interval REAL;
                ALTER TABLE feed ADD COLUMN retry_until DATETIME;
                ALTER TABLE feed ADD COLUMN retired_at DATETIME;
                ALTER TABLE feed ADD COLUMN moved_to TEXT;
                ALTER TABLE feed ADD COLUMN moved_seen INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE feed ADD COLUMN last_fetched_at DATETIME;
                ALTER TABLE pull ADD COLUMN redirects TEXT;
                """)
        }
        // Items moved out of a story that its later reports no longer vouched for (the
        // clusterer's stray check): the item, the story it left, the story it went to, and the
        // item whose arrival showed it.
        migrator.registerOnce("v3-story-splits") { db in
            try db.execute(sql: """
                CREATE TABLE story_split(
                  id INTEGER PRIMARY KEY,
                  item_id INTEGER NOT NULL REFERENCES item(id),
                  from_id INTEGER NOT NULL REFERENCES story(id),
                  into_id INTEGER NOT NULL REFERENCES story(id),
                  cause_item_id INTEGER REFERENCES item(id)
                );
                CREATE INDEX story_split_item ON story_split(item_id);
                """)
        }
        // Sentence embeddings (the semantic layer): one vector per item version and model,
        // little-endian Float32, computed once.
        migrator.registerOnce("v4-embeddings") { db in
            try db.execute(sql: """
                CREATE TABLE version_embedding(
                  version_id INTEGER NOT NULL REFERENCES item_version(id),
                  model TEXT NOT NULL,
                  vector BLOB NOT NULL,
                  PRIMARY KEY(version_id, model)
                );
                """)
        }
        // Other names of an outlet (`aliases` in Feeds/outlets.toml), a JSON array of strings:
        // what the names credited in attributions are matched against, beside id and name.
        migrator.registerOnce("v5-outlet-aliases") { db in
            try db.execute(sql: "ALTER TABLE outlet ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]'")
        }
        // Sentence embeddings of fact units (the sentences the fact engine aligns by meaning),
        // keyed by the sentence itself: a sentence several items or stories share is embedded once.
        migrator.registerOnce("v6-unit-embeddings") { db in
            try db.execute(sql: """
                CREATE TABLE unit_embedding(
                  model TEXT NOT NULL,
                  text TEXT NOT NULL,
                  vector BLOB NOT NULL,
                  PRIMARY KEY(model, text)
                ) WITHOUT ROWID;
                """)
        }
        // The story clusterer's state after the last analysis (a binary snapshot, see
        // `StoryClusterer.snapshot()`), so that the next analysis places only the new items
        // instead of replaying the history; valid while the saved stories are what it was saved
        // with (`stories_state`) and the settings are the same (`settings`, their description).
        migrator.registerOnce("v7-clusterer-snapshot") { db in
            try db.execute(sql: """
                CREATE TABLE clusterer_snapshot(
                  id INTEGER PRIMARY KEY CHECK (id = 1),
                  settings TEXT NOT NULL,
                  stories_state TEXT NOT NULL,
                  data BLOB NOT NULL
                );
                """)
        }
        // What a report of a time range reads through (Store+Window.swift): the items whose
        // publisher time falls in the range or equals a given time, and an outlet's latest items.
        migrator.registerOnce("v8-time-indices") { db in
            try db.execute(sql: """
                CREATE INDEX item_version_published ON item_version(published);
                CREATE INDEX item_outlet_first_seen ON item(outlet_id, first_seen);
                """)
        }
        // The word-piece embeddings of fact sentences (what the fact engine aligns them by), made
        // in the same run of the model as `unit_embedding`'s vector: ids as little-endian Int32,
        // each token's vector as a little-endian Float32 scale and `dimension` Int8 values.
        migrator.registerOnce("v9-unit-tokens") { db in
            try db.execute(sql: """
                CREATE TABLE unit_tokens(
                  model TEXT NOT NULL,
                  text TEXT NOT NULL,
                  ids BLOB NOT NULL,
                  vectors BLOB NOT NULL,
                  PRIMARY KEY(model, text)
                ) WITHOUT ROWID;
                """)
        }
        // Leases of the pull schedule (several `byline run` workers on one PostgreSQL store take
        // due feeds with `FOR UPDATE SKIP LOCKED`): who holds the feed and until when. Kept in
        // the SQLite schema too, so that both dialects have the same tables; one SQLite file is
        // pulled by one process and never sets them.
        migrator.registerOnce("v10-feed-lease") { db in
            try db.execute(sql: """
                ALTER TABLE feed ADD COLUMN lease_owner TEXT;
                ALTER TABLE feed ADD COLUMN lease_until DATETIME;
                """)
        }
        // The clusterer's state kept per story (a row for each story it still holds, by story
        // id, beside the header in `clusterer_snapshot`), so that an analysis rewrites the rows of
        // the stories it changed instead of the whole state. A header of the older, whole form
        // is removed (the next analysis replays the stored items once and saves the new form).
        migrator.registerOnce("v11-clusterer-stories") { db in
            try db.execute(sql: """
                CREATE TABLE clusterer_story(
                  story_id INTEGER PRIMARY KEY,
                  data BLOB NOT NULL
                );
                DELETE FROM clusterer_snapshot;
                """)
        }
        // Pulls of a document cut off before its root element closed (`PullInput.cutOff`): their
        // items are stored, but they are not the window start (`prev_pull`) of an item first
        // seen later, since the item may have been in the part not read.
        migrator.registerOnce("v12-pull-cut-off") { db in
            try db.execute(sql: "ALTER TABLE pull ADD COLUMN cut_off INTEGER NOT NULL DEFAULT 0")
        }
        // Versions per feed (`Store.record`): the feed whose pull gave a version, so that one item
        // carried by two feeds of its outlet with another text in each is compared with what the
        // same feed said before (and is no edit when the two feeds differ). A version is unique
        // per item, feed and text; stored versions take the feed of the pull that recorded them
        // (their item's feed when that pull is gone), and an item another feed gave a text shows
        // the latest text of its own feed again. SQLite cannot change a table's UNIQUE
        // constraint, so the table is rebuilt with the same row ids (the embeddings keep theirs).
        migrator.registerOnce("v13-version-feed") { db in
            try db.execute(sql: """
                CREATE TABLE item_version_by_feed(
                  id INTEGER PRIMARY KEY,
                  item_id INTEGER NOT NULL REFERENCES item(id),
                  feed_id INTEGER NOT NULL REFERENCES feed(id),
                  hash TEXT NOT NULL,
                  seen_at DATETIME NOT NULL,
                  prev_pull DATETIME,
                  pull_id INTEGER REFERENCES pull(id),
                  title TEXT,
                  summary TEXT,
                  content TEXT,
                  published DATETIME,
                  UNIQUE(item_id, feed_id, hash)
                );
                INSERT INTO item_version_by_feed(id, item_id, feed_id, hash, seen_at, prev_pull, pull_id, title, summary, content, published)
                  SELECT v.id, v.item_id,
                         COALESCE((SELECT p.feed_id FROM pull p WHERE p.id = v.pull_id), (SELECT i.feed_id FROM item i WHERE i.id = v.item_id)),
                         v.hash, v.seen_at, v.prev_pull, v.pull_id, v.title, v.summary, v.content, v.published
                  FROM item_version v;
                DROP TABLE item_version;
                ALTER TABLE item_version_by_feed RENAME TO item_version;
                CREATE INDEX item_version_published ON item_version(published);
                UPDATE item SET (title, summary, content) = (
                  SELECT v.title, v.summary, v.content FROM item_version v
                  WHERE v.item_id = item.id AND v.feed_id = item.feed_id ORDER BY v.seen_at DESC, v.id DESC LIMIT 1)
                WHERE id IN (SELECT item_id FROM item_version GROUP BY item_id HAVING COUNT(DISTINCT feed_id) > 1);
                """)
        }
        // A version is a change against the feed's version before it, not a text never seen
        // (`Store.record`): a return to an earlier text (A, B, A) is a version of its own, so a
        // version is no longer unique per item, feed and text. The table is rebuilt without that
        // constraint, with the same row ids (the embeddings keep theirs) and an index for the
        // feed's versions of an item in time order. Stores keep their rows (a revert recorded
        // before this was not stored and cannot be recovered).
        migrator.registerOnce("v15-version-changes") { db in
            try db.execute(sql: """
                CREATE TABLE item_version_changes(
                  id INTEGER PRIMARY KEY,
                  item_id INTEGER NOT NULL REFERENCES item(id),
                  feed_id INTEGER NOT NULL REFERENCES feed(id),
                  hash TEXT NOT NULL,
                  seen_at DATETIME NOT NULL,
                  prev_pull DATETIME,
                  pull_id INTEGER REFERENCES pull(id),
                  title TEXT,
                  summary TEXT,
                  content TEXT,
                  published DATETIME
                );
                INSERT INTO item_version_changes(id, item_id, feed_id, hash, seen_at, prev_pull, pull_id, title, summary, content, published)
                  SELECT id, item_id, feed_id, hash, seen_at, prev_pull, pull_id, title, summary, content, published FROM item_version;
                DROP TABLE item_version;
                ALTER TABLE item_version_changes RENAME TO item_version;
                CREATE INDEX item_version_published ON item_version(published);
                CREATE INDEX item_version_item_feed_seen ON item_version(item_id, feed_id, seen_at);
                """)
        }
        // The head of each story row of the clusterer's state (its items, first and last times
        // and centroid terms), so that an update restores the clusterer from the heads and reads
        // the rows of the stories it reads, not every row; `story_heads` says whether every row
        // has its head (a state saved before has none: the next update reads every row and
        // writes them).
        migrator.registerOnce("v16-clusterer-story-heads") { db in
            try db.execute(sql: """
                CREATE TABLE clusterer_story_head(
                  story_id INTEGER PRIMARY KEY,
                  data BLOB NOT NULL
                );
                ALTER TABLE clusterer_snapshot ADD COLUMN story_heads INTEGER NOT NULL DEFAULT 0;
                """)
        }
        // The publication date as the feed wrote it when no date rule reads it
        // (`FeedItem.publishedText`), kept with the version so that the `unreadable_date`
        // anomaly can show what the outlet wrote. Versions stored before have none (NULL).
        migrator.registerOnce("v17-published-text") { db in
            try db.execute(sql: "ALTER TABLE item_version ADD COLUMN published_text TEXT")
        }
        // The news organisation an outlet shares with other outlets (`organisation` in
        // Feeds/outlets.toml: `cnn` for `cnntv`); NULL for an organisation of its own, as every
        // outlet stored before is until a pull or import with its config stores it.
        migrator.registerOnce("v18-outlet-organisation") { db in
            try db.execute(sql: "ALTER TABLE outlet ADD COLUMN organisation TEXT")
        }
        // The precision of a version's publication date (`FeedItem.publishedDayOffset`): NULL
        // when the feed's text gave a time of day; when it gave only the day (no time, or 00:00
        // in its own zone), the offset of that zone in seconds east of UTC, `published` being
        // the day's start. Versions stored before are NULL, exact as they were read then: the
        // stored instant (UTC) does not keep the zone it was written in, so a day's start
        // (`00:00:00 +0800`, stored as 16:00:00Z) cannot be told from a time.
        migrator.registerOnce("v19-published-day-offset") { db in
            try db.execute(sql: "ALTER TABLE item_version ADD COLUMN published_day_offset INTEGER")
        }
        return migrator
    }
}

extension DatabaseMigrator {
    /// Registers a migration that, in its own transaction, first checks that no other process
    /// applied it meanwhile (``Schema/AppliedMeanwhile``), then runs `migrate`.
    mutating func registerOnce(_ identifier: String, migrate: @escaping @Sendable (Database) throws -> Void) {
        registerMigration(identifier) { db in
            let applied = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM grdb_migrations WHERE identifier = ?)",
                                            arguments: [identifier]) ?? false
            if applied { throw Schema.AppliedMeanwhile(identifier: identifier) }
            try migrate(db)
        }
    }
}
