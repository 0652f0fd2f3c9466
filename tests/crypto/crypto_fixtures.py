"""Fixtures of the signature-core tests (TC art. 28, 86(4); Offer 2.10).

Not a conftest.py: other suites ``from conftest import ...`` the top-level one, and a second
conftest module without a package would shadow it. Test modules import what they use.
"""

from __future__ import annotations

import pytest

from salyk.crypto import KdfParams, ServiceAuthority


@pytest.fixture(scope="session")
def authority() -> ServiceAuthority:
    return ServiceAuthority.generate(name="Salyk STS CA (tests)")


@pytest.fixture(scope="session")
def other_authority() -> ServiceAuthority:
    """Another CA with the very same name: only the signature tells them apart."""
    return ServiceAuthority.generate(name="Salyk STS CA (tests)")


@pytest.fixture(scope="session")
def cheap_kdf() -> KdfParams:
    """Argon2id at its floor, so sealing in tests is instant; the default is tested once."""
    return KdfParams(memory_cost_kib=8, iterations=1, lanes=1)
