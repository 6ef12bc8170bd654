"""Cross-article steps: entity resolution, timeline, stories, outlet comparison."""
