"""Interactive API docs work offline (issue 11 item 8): Swagger UI's assets come from the service."""

import re

from conftest import API


def test_docs_page_loads_its_assets_from_the_service(client):
    page = client.get(f"{API}/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and not [a for a in assets if a.startswith(("http://", "https://", "//"))], assets  # no CDN
    for url in assets:
        r = client.get(url)
        assert r.status_code == 200 and len(r.content) > 1000, url
    js = client.get(f"{API}/docs-assets/swagger-ui-bundle.js").text
    assert "SwaggerUIBundle" in js
    # Swagger UI 5 reads OpenAPI 3.1, the version FastAPI writes
    assert client.get(f"{API}/openapi.json").json()["openapi"].startswith("3.1")
    version = re.search(r'PACKAGE_VERSION:"(\d+)\.(\d+)\.\d+"', js)
    assert version is not None and int(version.group(1)) >= 5 and "isOAS31" in js
