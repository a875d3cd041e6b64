"""rules step of the pipeline."""
