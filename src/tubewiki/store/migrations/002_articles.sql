-- Built articles, so search, ask and the site can read them without the vault.
CREATE TABLE articles (
    slug TEXT PRIMARY KEY,
    video_id TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
    segment INTEGER NOT NULL,
    title TEXT NOT NULL,
    writer TEXT NOT NULL,
    language TEXT,
    body TEXT NOT NULL,          -- plain text of the article's claims, for search
    record TEXT NOT NULL,        -- the Article record as canonical JSON
    input_hash TEXT NOT NULL
);
CREATE INDEX articles_video ON articles(video_id);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
END;
CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
