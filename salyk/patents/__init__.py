"""The e-patent service (Offer 3.1(3)): quote, order, payment, issue, public check by QR, renewal."""
