"""ir step of the pipeline."""
