using LossBench.Torch;
using LossBench.Torch.Modules;

namespace LossBench.Plugins.Attacks.Gradient;

/// <summary>The attacker's objective per example, and its gradient with respect to the input only.</summary>
public static class AttackObjective
{
    /// <summary>The name of an attack loss as options and results write it.</summary>
    public static string Name(AttackLoss loss) => loss switch
    {
        AttackLoss.CrossEntropy => "cross-entropy",
        AttackLoss.Margin => "margin",
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "unknown attack loss"),
    };

    /// <summary>
    /// The per-example objective [N] that the attacker maximises, from logits [N, C] and labels [N]:
    /// cross-entropy -log softmax(z)_y, or the margin max_{j != y} z_j - z_y.
    /// </summary>
    public static Tensor PerExample(Tensor logits, Tensor labels, AttackLoss loss)
    {
        if (logits.dim() != 2)
            throw new ArgumentException($"the attack loss needs logits [N, classes], got shape [{string.Join(", ", logits.shape)}]", nameof(logits));
        switch (loss)
        {
            case AttackLoss.CrossEntropy:
                return torch.nn.functional.cross_entropy(logits, labels, reduction: Reduction.None);
            case AttackLoss.Margin:
                if (logits.shape[1] < 2)
                    throw new ArgumentException($"the margin loss needs at least 2 classes, got logits of shape [{string.Join(", ", logits.shape)}]", nameof(logits));
                return -Margin(logits, labels);
            default:
                throw new ArgumentOutOfRangeException(nameof(loss), loss, "unknown attack loss");
        }
    }

    /// <summary>
    /// d (sum of the per-example objective) / d images, the same shape as <paramref name="images"/>,
    /// with the logits of the forward pass (detached). Example n's objective depends only on image
    /// n, so row n of the gradient is that example's own input gradient. Taken with
    /// autograd.grad with respect to the images alone: the model's parameters keep no gradient.
    /// </summary>
    public static (Tensor Gradient, Tensor Logits) InputGradient(Module<Tensor, Tensor> model, Tensor images, Tensor labels, AttackLoss loss)
    {
        // The forward pass's activations are freed as soon as the gradient is there (as PyTorch frees
        // them when the graph goes), not when the caller's scope ends: less memory at the peak, and
        // the allocator reuses the same blocks step after step. (A Sequential model releases each
        // intermediate output itself once the next layer has consumed it.)
        using var scope = torch.NewDisposeScope();
        // Evaluations may run under no_grad; the gradient needs a graph whatever the caller's mode.
        using var grad = torch.enable_grad();
        var input = images.detach().requires_grad_();
        var logits = model.forward(input);
        var objective = PerExample(logits, labels, loss).sum();
        // A model whose output does not depend on its input (a constant) has a zero input gradient:
        // no graph reaches the input, and autograd reports the input as unused.
        var gradient = (objective.requires_grad ? torch.autograd.grad([objective], [input], allow_unused: true)[0] : null) ?? torch.zeros_like(input);
        return (gradient.MoveToOuterDisposeScope(), logits.detach().MoveToOuterDisposeScope());
    }

    /// <summary>How many examples (rows of an [N, ...] gradient) have an input gradient that is exactly zero everywhere.</summary>
    public static long ZeroGradientCount(Tensor gradient) =>
        gradient.flatten(1).ne(0.0).any(1).logical_not().sum().item<long>();

    /// <summary>
    /// The margin of class <paramref name="classes"/> [N] against the strongest other class,
    /// f_c(x) - max_{j != c} f_j(x), per row of <paramref name="logits"/> [N, K]: positive exactly
    /// where c is the strict arg-max. The class's own entry is replaced by -inf so that the max runs
    /// over the other classes only.
    /// </summary>
    public static Tensor Margin(Tensor logits, Tensor classes)
    {
        var own = logits.gather(1, classes.unsqueeze(1)).squeeze(1);
        var others = logits.scatter(1, classes.unsqueeze(1), double.NegativeInfinity);
        return own - others.amax([1]);
    }
}
