"""Vehicles and real estate from the registries, with the tax they bring (Offer 3.1(4), TC art. 125)."""
