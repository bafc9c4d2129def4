using Microsoft.Extensions.Options;
using Publisher.Storage;

namespace Publisher.Service.WebSeeds;

/// <summary>Checks <see cref="StorageOptions"/> at start-up with the storage library's own rules and messages.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
