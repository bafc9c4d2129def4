using Publisher.Service.Tracker;
using Xunit;

namespace Publisher.Service.Tests.Tracker;

public sealed class SwarmTests
{
    private static PeerEndpoint Endpoint(int i) => PeerEndpoint.FromIPv4(0x0A000000u + (uint)(i / 7), (ushort)(1000 + (i % 7)));

    [Fact]
    public void AddRemove_RandomOperations_MatchAReferenceSet()
    {
        var swarm = new Swarm();
        var reference = new Dictionary<PeerEndpoint, bool>();
        var random = new Random(5);
        for (var step = 0; step < 200_000; step++)
        {
            var endpoint = Endpoint(random.Next(3000));
            var index = swarm.IndexOf(endpoint);
            Assert.Equal(reference.ContainsKey(endpoint), index >= 0);
            if (index >= 0 && random.Next(3) == 0)
            {
                swarm.RemoveAt(index);
                reference.Remove(endpoint);
            }
            else if (index < 0)
            {
                var seeder = random.Next(2) == 0;
                swarm.Add(new PeerEntry
                {
                    AddressHigh = endpoint.High,
                    AddressLow = endpoint.Low,
                    Port = endpoint.Port,
                    LastSeen = (uint)step,
                    Flags = seeder ? PeerEntryFlags.Seeder : PeerEntryFlags.None,
                });
                reference[endpoint] = seeder;
            }

            if (step % 50_000 == 0)
            {
                swarm.RemoveExpired((uint)Math.Max(0, step - 10_000));
                reference.Clear();
                for (var i = 0; i < swarm.Count; i++)
                {
                    var peer = swarm[i];
                    reference[new PeerEndpoint(peer.AddressHigh, peer.AddressLow, peer.Port)] = peer.IsSeeder;
                }
            }
        }

        Assert.Equal(reference.Count, swarm.Count);
        var seeders = 0;
        foreach (var (endpoint, seeder) in reference)
        {
            Assert.True(swarm.IndexOf(endpoint) >= 0);
            seeders += seeder ? 1 : 0;
        }

        Assert.Equal(seeders, swarm.Seeders);
    }

    [Fact]
    public void Select_ExcludesRequesterAndSeedersForSeeder()
    {
        var swarm = new Swarm();
        for (var i = 0; i < 10; i++)
        {
            var endpoint = Endpoint(i);
            swarm.Add(new PeerEntry { AddressHigh = endpoint.High, AddressLow = endpoint.Low, Port = endpoint.Port, Flags = i < 5 ? PeerEntryFlags.Seeder : PeerEntryFlags.None });
        }

        var selection = new PeerSelection(50);
        selection.Reset(50, PeerFamilies.Both);
        swarm.Select(0, requesterIsSeeder: true, selection);
        Assert.Equal(5, selection.Count);
        selection.Reset(50, PeerFamilies.Both);
        swarm.Select(7, requesterIsSeeder: false, selection);
        Assert.Equal(9, selection.Count);
        selection.Reset(50, PeerFamilies.IPv6);
        swarm.Select(7, requesterIsSeeder: false, selection);
        Assert.Equal(0, selection.Count);
    }
}
