package authz

// Allowed says whether an adviser may take an action on a request now,
// before anything is filled in: by its state, its verdict, the start of
// treatment and who took part in it before. A screen asks it as a form
// opens; Decide applies the same rules again, and the ones on what is
// filled in (minutes, period, items, reasons).
func Allowed(c Case, a Action, adviser string, today Date) error {
	if c.Request == nil {
		return &Refusal{Code: RefuseNoRequest}
	}
	ask := Ask{Action: a, Adviser: adviser}
	switch a {
	case ActionApprove:
		if c.State == StateReconsideration {
			return approveOnReconsiderationAllowed(c, ask, today)
		}
		return approveAllowed(c, today)
	case ActionReject:
		return stateAllowsDecision(c.State, ActionReject, StateOpen, StateWaiting)
	case ActionRequestInfo:
		return stateAllowsDecision(c.State, ActionRequestInfo, StateOpen)
	case ActionConcur, ActionOverturn:
		return secondAdviserMayAct(c, ask)
	case ActionReconsider:
		if err := reconsideredOnlyOnce(c.Request.ID, c.Decisions); err != nil {
			return err
		}
		return onlyAFinalRejectionIsReconsidered(c.Request.ID, c.State)
	case ActionUphold:
		return reconsideredByAnotherAdviser(c, ask)
	}
	return &Refusal{Code: RefuseUnknownAction, Action: a}
}

// approveOnReconsiderationAllowed: the rules of an approval on
// reconsideration that do not depend on what is filled in.
func approveOnReconsiderationAllowed(c Case, ask Ask, today Date) error {
	if err := reconsideredByAnotherAdviser(c, ask); err != nil {
		return err
	}
	if err := itemsAcceptableOnReconsideration(c.Request, c.State, today); err != nil {
		return err
	}
	return identityAllowsApprovalOnReconsideration(c.Request.ID, c.Identity)
}
