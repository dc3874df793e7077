"""Demo content for development: `flask portal seed-demo`."""
