"""Sub-commands of the ``salyk`` CLI owned by their packages (``salyk.cli`` mounts them)."""
