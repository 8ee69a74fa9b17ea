"""Jobs: the top-level flows that chain stages (ingest -> store -> nlp -> write -> verify -> render)."""
