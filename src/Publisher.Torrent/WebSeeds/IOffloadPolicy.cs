namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// Decides how much of a download the origin (web seeds) serves. The engine calls <see cref="Decide"/> about once a
/// second and whenever an origin request ends, and claims pieces for the web seeds accordingly. Implementations are
/// pure decisions over the snapshot and an injected clock, so they are unit-testable; the default is
/// <see cref="PeersFirstOffloadPolicy"/>.
/// </summary>
public interface IOffloadPolicy
{
    /// <summary>The decision for the current state of the download.</summary>
    OffloadDecision Decide(OffloadSnapshot snapshot);
}
