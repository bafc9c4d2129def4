using Microsoft.AspNetCore.Authentication;

namespace Publisher.Service.Security;

/// <summary>Options of the API-key scheme (none beyond the base ones today).</summary>
internal sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
}
