"""Pure domain: entities, enums, lifecycles, validation, clock. No Qt, no SQL, no I/O."""
