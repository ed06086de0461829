using LossBench.Torch.Optimizers;

namespace LossBench.Torch.Tests;

/// <summary>Learning-rate schedules against their closed forms at hand-picked steps.</summary>
public sealed class ScheduleTests
{
    private static SGD Optimizer(Tensor p, double lr) => new([p], lr);

    [Fact]
    public void Cosine_halves_at_mid_point_and_ends_at_eta_min()
    {
        using var p = torch.zeros([1], requires_grad: true);
        using var opt = Optimizer(p, 1.0);
        var schedule = new CosineAnnealingLR(opt, T_max: 10, eta_min: 0.1);
        var seen = new List<double>();
        for (var i = 0; i < 12; i++)
        {
            schedule.step();
            seen.Add(opt.LearningRate);
        }
        Assert.Equal(0.1 + 0.9 * (1 + Math.Cos(Math.PI / 10)) / 2, seen[0], 12);
        Assert.Equal(0.55, seen[4], 12);   // t = 5 = T/2: halfway between 1 and 0.1
        Assert.Equal(0.1, seen[9], 12);    // t = T
        Assert.Equal(0.1, seen[11], 12);   // held after T
        Assert.True(seen.Zip(seen.Skip(1)).Take(9).All(pair => pair.First > pair.Second), "decreasing until T");
    }

    [Fact]
    public void Step_multiplies_by_gamma_every_step_size()
    {
        using var p = torch.zeros([1], requires_grad: true);
        using var opt = Optimizer(p, 2.0);
        var schedule = new StepLR(opt, step_size: 3, gamma: 0.5);
        var seen = Enumerable.Range(0, 7).Select(_ => { schedule.step(); return opt.LearningRate; }).ToArray();
        Assert.Equal([2.0, 2.0, 1.0, 1.0, 1.0, 0.5, 0.5], seen);
    }

    [Fact]
    public void Warmup_rises_linearly_then_hands_over()
    {
        using var p = torch.zeros([1], requires_grad: true);
        using var opt = Optimizer(p, 1.0);
        var after = new StepLR(opt, step_size: 2, gamma: 0.1);
        var warmup = new LinearWarmupLR(opt, warmup_steps: 4, start_factor: 0.2, after: after);
        Assert.Equal(0.2, opt.LearningRate, 12);
        var seen = Enumerable.Range(0, 7).Select(_ => { warmup.step(); return opt.LearningRate; }).ToArray();
        // steps 1..3 inside warm-up: 0.2 + 0.8 k / 4; from step 4 on: StepLR counted from 0.
        Assert.Equal(0.4, seen[0], 12);
        Assert.Equal(0.6, seen[1], 12);
        Assert.Equal(0.8, seen[2], 12);
        Assert.Equal(1.0, seen[3], 12);
        Assert.Equal(1.0, seen[4], 12);
        Assert.Equal(0.1, seen[5], 12);
        Assert.Equal(0.1, seen[6], 12);
    }
}
