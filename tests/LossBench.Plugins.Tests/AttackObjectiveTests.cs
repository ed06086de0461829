using LossBench.Plugins.Attacks;
using LossBench.Plugins.Attacks.Gradient;
using LossBench.Torch;
using LossBench.Torch.Modules;

namespace LossBench.Plugins.Tests;

/// <summary>
/// The input-gradient forward pass releases a Sequential's intermediate outputs early: the logits
/// are the model's own, nested Sequentials work, and a tensor that a layer keeps and returns is
/// never released.
/// </summary>
public sealed class AttackObjectiveTests
{
    [Fact]
    public void The_releasing_forward_pass_gives_the_models_own_logits_and_gradient()
    {
        using var scope = torch.NewDisposeScope();
        using var init = new Generator(2);
        using var model = new Sequential(torch.nn.Flatten(),
            new Sequential(torch.nn.Linear(6, 5, generator: init), torch.nn.ReLU()), torch.nn.Identity(), torch.nn.Linear(5, 3, generator: init));
        var images = torch.rand([4, 1, 2, 3], init);
        var labels = torch.tensor([0L, 1L, 2L, 1L]);
        var (gradient, logits) = AttackObjective.InputGradient(model, images, labels, AttackLoss.CrossEntropy);

        // The same gradient through the model's own forward and backward.
        var input = images.detach().requires_grad_();
        var expectedLogits = model.forward(input);
        torch.nn.functional.cross_entropy(expectedLogits, labels, reduction: Reduction.Sum).backward();
        Assert.True(logits.equal(expectedLogits.detach()));
        Assert.True(gradient.equal(input.grad!));
    }

    [Fact]
    public void A_tensor_that_a_layer_keeps_and_returns_is_not_released()
    {
        using var scope = torch.NewDisposeScope();
        // The first layer ignores its input and returns a tensor it keeps; the next one reads it.
        using var kept = torch.tensor([1f, 2f, 3f, 4f], [2, 2]).DetachFromDisposeScope();
        using var model = new Sequential(new Lambda("kept", _ => kept), new Lambda("double", x => x.mul(2.0)));
        var (_, logits) = AttackObjective.InputGradient(model, torch.zeros([2, 1, 1, 1]), torch.tensor([0L, 1L]), AttackLoss.Margin);
        Expect.Close([2, 4, 6, 8], Expect.Values(logits));
        Expect.Close([1, 2, 3, 4], Expect.Values(kept), what: "the kept tensor after the pass");
    }
}
