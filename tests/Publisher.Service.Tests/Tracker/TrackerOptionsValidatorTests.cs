using Microsoft.Extensions.Options;
using Publisher.Service.Tracker;
using Xunit;

namespace Publisher.Service.Tests.Tracker;

public sealed class TrackerOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new TrackerOptionsValidator().Validate(null, new TrackerOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BadValues_NameEachSetting()
    {
        var options = new TrackerOptions
        {
            Access = TrackerAccessMode.Entitled,
            UdpPort = 70_000,
            NumWantMax = 0,
            PeerTimeout = TimeSpan.FromMinutes(1),
            TokenSigningKey = null,
        };
        options.TrustedProxies.Add("not-an-ip");
        var result = new TrackerOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        foreach (var setting in new[] { "UdpPort", "NumWantMax", "PeerTimeout", "TrustedProxies", "TokenSigningKey" })
        {
            Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Start_EntitledWithoutSigningKey_FailsWithMessage()
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => TrackerTestServer.StartAsync(
            TestContext.Current.CancellationToken,
            new Dictionary<string, string?> { ["Publisher:Tracker:Access"] = "entitled" }));
        Assert.Contains("TokenSigningKey", exception.Message, StringComparison.Ordinal);
    }
}
