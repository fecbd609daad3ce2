"""Backup and restore: `rcapp backup OUT` and `rcapp restore IN`.

A backup is a directory (or the same packed as .tar.gz) holding a consistent copy of the
database (SQLite's online backup API, or pg_dump for PostgreSQL), every stored file
(uploads/: UPLOAD_DIR without the bulk evidence held for a confirmation, reports/:
REPORTS_DIR with the template imports held for a decision), and manifest.json with a
SHA-256 checksum of every file and the row count of every table.
"""
