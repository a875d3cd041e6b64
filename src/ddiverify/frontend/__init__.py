"""frontend step of the pipeline."""
