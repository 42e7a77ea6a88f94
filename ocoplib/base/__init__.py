"""The base layer under every other: text, Vietnamese number and date forms,
problems and errors, parameters, the input contract, determinism."""
