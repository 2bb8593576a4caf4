"""Events (gatherings such as a soup lunch): RSVPs, capacity and the waiting list."""
