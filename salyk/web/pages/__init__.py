"""Page modules, one per area. A service adds its own module here (with a ``router``)."""

from salyk.web.pages import auth, home, offer, officer

PAGES = (auth, home, offer, officer)
