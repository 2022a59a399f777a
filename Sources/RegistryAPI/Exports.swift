// The wire types carry the domain's values (figures, states, hardware, plan candidates) as they
// are: whoever speaks the API speaks the domain.
@_exported import FleetModel
