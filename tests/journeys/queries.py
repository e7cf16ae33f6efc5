"""The GraphQL documents the journey tests send: each asks ``__typename`` and, for every
member of the result union, the sentence it carries (``message``) or its field errors."""

from __future__ import annotations

FIELD_ERRORS = "... on FieldErrors { errors { field code message } }"
ERRORS = f"{FIELD_ERRORS} ... on RateLimited {{ message }}"
CODE_REFUSAL = "... on CodeRefusal { code message attemptsLeft }"

CAPTCHA = "{ captcha { __typename id } }"
REGISTER = f"""mutation($input: RegisterInput!) {{ register(input: $input) {{ __typename
  ... on RegistrationPending {{ flowId }} {ERRORS} }} }}"""
VERIFY = f"""mutation($flowId: ID!, $code: String!) {{ verifyCode(flowId: $flowId, code: $code) {{
  __typename {CODE_REFUSAL} ... on FlowExpired {{ message }} ... on FlowCompleted {{ message }}
  ... on AccountCreated {{ account {{ email }} }} {ERRORS} }} }}"""
RESEND = """mutation($flowId: ID!) { resendCode(flowId: $flowId) { __typename
  ... on CodeResent { flowId } ... on ResendLimitReached { message }
  ... on FlowExpired { message } ... on FlowCompleted { message }
  ... on RateLimited { message } } }"""
LOGIN = """mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { __typename
  ... on SignedIn { sessionToken } ... on LoginRefused { code message }
  ... on RateLimited { message } } }"""
REQUEST_RESET = f"""mutation($email: String!) {{ requestPasswordReset(email: $email) {{
  __typename ... on PasswordResetRequested {{ flowId message }} {ERRORS} }} }}"""
RESET = f"""mutation($flowId: ID!, $code: String!, $password: String!) {{
  resetPassword(flowId: $flowId, code: $code, password: $password,
    passwordConfirmation: $password) {{
  __typename ... on Done {{ message }} {CODE_REFUSAL} {ERRORS} }} }}"""
REQUEST_EMAIL_CHANGE = f"""mutation($newEmail: String!) {{
  requestEmailChange(newEmail: $newEmail) {{ __typename
  ... on EmailChangeRequested {{ flowId newEmail }} ... on NotSignedIn {{ message }}
  {ERRORS} }} }}"""
CONFIRM_EMAIL_CHANGE = f"""mutation($flowId: ID!, $code: String!) {{
  confirmEmailChange(flowId: $flowId, code: $code) {{ __typename
  ... on ProfileUpdated {{ account {{ email }} }} ... on FlowExpired {{ message }}
  ... on NotSignedIn {{ message }} {ERRORS} }} }}"""
UPDATE_PROFILE = f"""mutation($input: ProfileInput!) {{ updateProfile(input: $input) {{
  __typename ... on ProfileUpdated {{ account {{ email phone addressCity }} }}
  ... on NotSignedIn {{ message }} {FIELD_ERRORS} }} }}"""
