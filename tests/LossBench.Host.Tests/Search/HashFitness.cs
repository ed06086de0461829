using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LossBench.Host.Search;
using LossBench.Sdk.Options;

namespace LossBench.Host.Tests.Search;

/// <summary>
/// A stand-in for the surrogate run: the fitness is a fixed pseudo-random function of the loss entry
/// and the seed (SHA-256), so searches are fast and any change in what is evaluated, or with which
/// seed, changes the results. Every run reports <paramref name="gateAccuracy"/> as its training accuracy at
/// the gate epoch, and the gate it was given is recorded. Optionally throws on the n-th call, as a process
/// killed mid-evaluation would stop.
/// </summary>
internal sealed class HashFitness(int? failOnCall = null, double gateAccuracy = 0.8) : ICandidateFitness
{
    public int Calls { get; private set; }

    public List<(string Loss, ulong Seed)> Seen { get; } = [];

    /// <summary>The gate of each call (null: none), in call order.</summary>
    public List<double?> Gates { get; } = [];

    public FitnessResult Evaluate(ConfigNode loss, ulong seed, double? gate, CancellationToken cancellation)
    {
        Calls++;
        if (Calls == failOnCall) throw new SimulatedKill();
        var text = SearchEntries.ToYaml(loss);
        Seen.Add((text, seed));
        Gates.Add(gate);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{text}\n{seed}"));
        var fitness = BinaryPrimitives.ReadUInt32LittleEndian(hash) / (double)uint.MaxValue;
        return new FitnessResult(fitness, FitnessStatus.Ok, 0, GateAccuracy: gateAccuracy);
    }
}

internal sealed class SimulatedKill : Exception;
