"""Claim checking across outlets: which articles report a claim, which dispute it, with evidence.

``judge`` decides for one claim and each article; ``sources`` folds copies and reprints
into independent sources; ``check`` (``storyweave.check``) runs both on files or a store.
"""
