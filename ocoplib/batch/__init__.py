"""``ocop batch``: what to run and why, the workers, the progress log, the
reviewers' index."""
