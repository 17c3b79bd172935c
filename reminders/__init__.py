"""Deadline reminders: digests worked out from the data, sent exactly once (see digest, delivery, scan)."""
