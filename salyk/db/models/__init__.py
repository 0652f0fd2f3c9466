"""Tables of the first services (registry, ledger, declarations). Newer services keep their tables
in their own package; ``salyk.modules.load_models()`` imports them all."""
