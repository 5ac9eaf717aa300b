"""Pure domain: entities, enums, lifecycles, validation, clock, the exception tree. No Qt, no SQL, no I/O."""
