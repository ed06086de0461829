using LossBench.Torch;

namespace LossBench.Plugins.Attacks.Noise;

/// <summary>
/// Draws random perturbations from a generator. The draws are made on the CPU (where the
/// evaluation's generator lives) and moved to the images' device, so that a seed gives the same
/// noise on every device.
/// </summary>
public static class RandomPerturbation
{
    /// <summary>The noise control of an attack in a norm: sign noise (a corner of the L-infinity ball) or a Gaussian direction scaled to the L2 radius.</summary>
    public static NoiseKind ControlFor(LpNorm norm) => norm == LpNorm.Linf ? NoiseKind.Sign : NoiseKind.Gaussian;

    /// <summary>The norm whose ball a kind of noise is measured in.</summary>
    public static LpNorm NormOf(NoiseKind kind) => kind == NoiseKind.Gaussian ? LpNorm.L2 : LpNorm.Linf;

    public static string Name(NoiseKind kind) => kind switch
    {
        NoiseKind.Uniform => "uniform",
        NoiseKind.Sign => "sign",
        NoiseKind.Gaussian => "gaussian",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown noise kind"),
    };

    /// <summary>A perturbation of the shape and device of <paramref name="images"/> [N, ...] of size <paramref name="epsilon"/>.</summary>
    public static Tensor Sample(NoiseKind kind, Tensor images, double epsilon, Generator generator)
    {
        var shape = images.shape;
        var delta = kind switch
        {
            // 2U - 1 is uniform in [-1, 1).
            NoiseKind.Uniform => torch.rand(shape, generator).mul(2.0).sub(1.0).mul(epsilon),
            // U < 1/2 with probability 1/2: -1 then, +1 otherwise.
            NoiseKind.Sign => torch.rand(shape, generator).ge(0.5).to(ScalarType.Float32).mul(2.0).sub(1.0).mul(epsilon),
            NoiseKind.Gaussian => UnitL2(torch.randn(shape, generator)).mul(epsilon),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown noise kind"),
        };
        return delta.to(images.device, images.dtype);
    }

    /// <summary>
    /// A point uniform in the L2 ball of radius <paramref name="epsilon"/> per example: a uniform
    /// direction (a normalised Gaussian) at radius eps * U^(1/d), d the number of values per
    /// example, because the volume within radius r grows as r^d.
    /// </summary>
    public static Tensor UniformInL2Ball(Tensor images, double epsilon, Generator generator)
    {
        var shape = images.shape;
        var dimensions = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        var direction = UnitL2(torch.randn(shape, generator));
        var radius = torch.rand([shape[0]], generator).pow(1.0 / dimensions).mul(epsilon);
        return direction.mul(ExampleScalars(radius, shape.Length)).to(images.device, images.dtype);
    }

    /// <summary>Each example (row of [N, ...]) scaled to L2 norm 1; an all-zero row stays zero.</summary>
    public static Tensor UnitL2(Tensor values)
    {
        var norms = ExampleL2Norms(values);
        return values.div(ExampleScalars(norms.clamp_min(1e-12), values.dim()));
    }

    /// <summary>The L2 norm [N] of each example of [N, ...].</summary>
    public static Tensor ExampleL2Norms(Tensor values) => values.flatten(1).norm(2, [1]);

    /// <summary>[N] per-example numbers as [N, 1, ..., 1], to broadcast over tensors with <paramref name="rank"/> dimensions.</summary>
    public static Tensor ExampleScalars(Tensor perExample, int rank)
    {
        var shape = new long[rank];
        Array.Fill(shape, 1L);
        shape[0] = perExample.shape[0];
        return perExample.view(shape);
    }
}
