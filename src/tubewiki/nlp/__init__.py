"""Language stage: timed sentences from parsed cues, then embeddings and topic segments."""
