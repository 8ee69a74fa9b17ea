-- Answers of LLM writers, keyed by a hash of model, prompt and inputs: a re-run costs nothing.
CREATE TABLE llm_responses (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    value TEXT NOT NULL,
    created_at REAL NOT NULL
) WITHOUT ROWID;
