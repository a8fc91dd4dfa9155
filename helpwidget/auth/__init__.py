"""Who is calling: visitor tokens, advisor sessions (console and API) and CSRF rules.

The host app's signed identity tokens (JWT) are verified in services.identity, which the
widget's socket and the help center's sign-in share; the API reaches them through it.
"""
