"""Helpers of the cleaning stage (``storyweave.clean`` is the entry point)."""
