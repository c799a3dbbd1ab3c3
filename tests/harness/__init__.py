"""Test harness: raw interaction payloads, a loopback fake Discord, the API contract."""
