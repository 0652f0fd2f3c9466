"""The declarations service (issue 5; Offer 3.1(2); TC art. 28, 85-92, 58, 90(4)).

Modules and their public functions:

* ``results``: what the services answer: frozen dataclasses (``Receipt``, ``JournalEntry``,
  ``FilingDetail``, ``PublicReceipt``, ``PdfCopy``, ``Extension``, ``FieldAudit``, ``Registration``)
  and the enums ``FilingKind``, ``FilingStatus``, ``ObligationStatus``, ``FieldAuditStatus``,
  ``RegistrationKind``; the faces format them (``salyk.api.presenters.declarations``, the pages);
* ``forms``: the catalogue (``FORMS``, ``find_form``, ``catalogue``), ``parse_values``, ``compute``
  (the tax from the law engine where the seed text gives it, with its trace);
* ``authority``: ``authority(rt)`` - the service CA and receipt-signing identity, generated on first
  use and kept in ``declaration_authority``; ``pepper(rt)`` for sealing cloud keys;
* ``certificates``: ``issue``, ``list_for``, ``get``, ``revoke``; the cloud signature ``enrol``,
  ``cloud_status``, ``cloud_sign``;
* ``filing``: ``file(rt, principal, document, signature) -> Outcome(receipt, replay)``,
  ``receipt_of(row)``;
* ``journal``: ``journal``, ``get``, ``pdf_copy``, ``for_officer``, ``detail_for_officer``, ``public_receipt``;
* ``obligations``: ``obligations`` (``Obligation``), ``parse_period``, ``request_extension``, ``extensions``, ``set_field_audit``,
  ``field_audits``, ``record_registration``, ``registrations``;
* ``deadlines``: which law-engine rule gives a form's deadline and payment date; ``check_period``;
* ``effects``: ``post_declared_tax`` - the one place a filing posts to the ledger;
* ``pdf``: ``render(row, taxpayer)`` - the PDF copy with a QR of the receipt.
"""
