"""Helpers shared by tests: generated inputs and child processes to kill."""
