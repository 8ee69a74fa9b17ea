-- Videos and their transcripts: one row per video, cues and sentences keyed to it.
CREATE TABLE channels (
    slug TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE videos (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    channel TEXT,
    url TEXT,
    duration_ms INTEGER,
    language TEXT,
    upload_date TEXT,
    kind TEXT NOT NULL DEFAULT 'unknown' CHECK (kind IN ('manual', 'auto', 'asr', 'unknown')),
    source_path TEXT,
    source_hash TEXT,
    source_format TEXT,
    youtube INTEGER NOT NULL DEFAULT 0,
    transcript_hash TEXT,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX videos_channel ON videos(channel);

CREATE TABLE cues (
    video_id TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL,
    text TEXT NOT NULL,
    speaker TEXT,
    nonspeech INTEGER NOT NULL DEFAULT 0,
    words_json TEXT,
    PRIMARY KEY (video_id, idx)
) WITHOUT ROWID;

CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    video_id TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL,
    speaker TEXT,
    UNIQUE (video_id, idx)
);

CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='sentences', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER sentences_au AFTER UPDATE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;

-- Embeddings: float32 blobs keyed by a hash of the text, with the model beside them.
CREATE TABLE embeddings (
    model TEXT NOT NULL,
    key TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, key)
) WITHOUT ROWID;

-- Everything else derived (topics, drafts, verified articles), keyed by a hash of its inputs.
CREATE TABLE derived (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
