"""Notices, decisions and appeals (Offer 6.2, 7.1; TC art. 54, 82-83, 146-152): the tax service
speaks (the cabinet inbox, e-mail alerts, decisions with proof of delivery), the taxpayer answers
(signed appeals), and every clock runs from delivery."""
