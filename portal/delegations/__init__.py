"""Delegations: the organisation's teams at the EU, the UN and UNESCO."""
