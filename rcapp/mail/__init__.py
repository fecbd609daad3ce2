"""E-mail: an outbox table, messages composed in the recipient's language, SMTP delivery."""
