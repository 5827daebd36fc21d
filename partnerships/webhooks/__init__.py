"""Outgoing webhooks: signing, the outgoing-request guard (SSRF) and delivery (ADR 0010)."""
