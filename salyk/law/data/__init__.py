"""Data files of the law engine (calendar overrides); a package so that wheels ship them."""
