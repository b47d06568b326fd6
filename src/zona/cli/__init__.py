"""The `zona` command (`main`): the only code that prints. One module per command."""
